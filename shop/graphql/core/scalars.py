from __future__ import annotations

import graphene
from graphql import StringValueNode
from graphql.language import IntValueNode


class PositiveInt(graphene.Int):
    """Positive integer (1 or more)."""

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, IntValueNode) and int(node.value) > 0:
            return int(node.value)
        return None  # graphql-core reports an invalid literal

    @staticmethod
    def parse_value(value):
        value = int(value)
        if value < 1:
            raise ValueError("PositiveInt must be 1 or more.")
        return value


class Metadata(graphene.Scalar):
    """Metadata as a key -> value JSON object."""

    @staticmethod
    def serialize(value):
        return dict(value or {})

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, StringValueNode):
            return node.value
        return None


class Upload(graphene.Scalar):
    """Variables of this type must be set to null in mutations. They will be replaced with a filename from a following multipart part containing a binary file. See: https://github.com/jaydenseric/graphql-multipart-request-spec."""

    @staticmethod
    def serialize(value):
        return getattr(value, "name", value)

    @staticmethod
    def parse_value(value):
        # The view has put the uploaded file (a Django UploadedFile) in the variables.
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        return None  # files only arrive as variables
