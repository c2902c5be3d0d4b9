"""Scalars of Saleor's payment API: ``JSON`` (any JSON value) and ``PositiveDecimal``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import graphene
from graphql import FloatValueNode, IntValueNode, StringValueNode, value_from_ast_untyped


class JSON(graphene.Scalar):
    """Any JSON value: objects, lists, strings, numbers, booleans, null."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        return value_from_ast_untyped(node, _variables)


class PositiveDecimal(graphene.Scalar):
    """A decimal number that is zero or more, e.g. an amount of money ("390.50" or 390.5)."""

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def parse_value(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, TypeError):
            raise ValueError("PositiveDecimal must be a decimal number.")
        if not number.is_finite() or number < 0:
            raise ValueError("PositiveDecimal must be zero or more.")
        return number

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, (IntValueNode, FloatValueNode, StringValueNode)):
            try:
                return PositiveDecimal.parse_value(node.value)
            except ValueError:
                return None
        return None
