"""Saleor's ShippingErrorCode (the values this app raises; same names as Saleor's enum)."""

from enum import Enum


class ShippingErrorCode(Enum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    MAX_LESS_THAN_MIN = "MAX_LESS_THAN_MIN"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
