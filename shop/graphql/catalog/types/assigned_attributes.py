"""``assignedAttributes``: Saleor's typed view of an object's attributes (one type per input type)."""

from __future__ import annotations

import graphene

from shop.catalog.models import AttributeInputType

from ...core.context import is_staff
from ...core.scalars import PositiveInt
from ...core.translations import load_translation
from ...core.types import LanguageCodeEnum
from .attributes import Attribute


def _translated(value, language_code, field="name"):
    translation = load_translation(value, language_code)
    return getattr(translation, field, None) if translation else None


class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(Attribute, required=True, description="Attribute assigned to an object.")

    @classmethod
    def resolve_type(cls, instance, _info):
        return TYPE_BY_INPUT[instance.attribute.input_type]


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return _translated(root, language_code)


class AssignedSwatchAttributeValue(AssignedChoiceAttributeValue):
    hex_color = graphene.String(description="Hex colour code.")

    @staticmethod
    def resolve_hex_color(root, _info):
        return root.value or None


class AssignedSingleChoiceAttribute(graphene.ObjectType):
    value = graphene.Field(AssignedChoiceAttributeValue)

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info):
        return root.values[0] if root.values else None


class AssignedMultiChoiceAttribute(graphene.ObjectType):
    value = graphene.List(
        graphene.NonNull(AssignedChoiceAttributeValue), required=True, limit=PositiveInt(default_value=100)
    )

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info, limit=100):
        return root.values[:limit]


class AssignedSwatchAttribute(graphene.ObjectType):
    value = graphene.Field(AssignedSwatchAttributeValue)

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info):
        return root.values[0] if root.values else None


class AssignedPlainTextAttribute(graphene.ObjectType):
    value = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info):
        return (root.values[0].plain_text or root.values[0].name) if root.values else None

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        if not root.values:
            return None
        return _translated(root.values[0], language_code, "plain_text") or _translated(root.values[0], language_code)


class AssignedNumericAttribute(graphene.ObjectType):
    value = graphene.Float()

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info):
        try:
            return float(root.values[0].name) if root.values else None
        except ValueError:
            return None


class AssignedBooleanAttribute(graphene.ObjectType):
    value = graphene.Boolean()

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, _info):
        return root.values[0].boolean if root.values else None


TYPE_BY_INPUT = {
    AttributeInputType.DROPDOWN: AssignedSingleChoiceAttribute,
    AttributeInputType.MULTISELECT: AssignedMultiChoiceAttribute,
    AttributeInputType.SWATCH: AssignedSwatchAttribute,
    AttributeInputType.PLAIN_TEXT: AssignedPlainTextAttribute,
    AttributeInputType.NUMERIC: AssignedNumericAttribute,
    AttributeInputType.BOOLEAN: AssignedBooleanAttribute,
}
ASSIGNED_TYPES = list(TYPE_BY_INPUT.values())


class Assigned:
    """An attribute with the values an object has for it."""

    def __init__(self, attribute, values):
        self.attribute = attribute
        self.values = values


def assigned_attributes(attributes, values_by_attribute, info, *, limit=100) -> list[Assigned]:
    """Attributes that have values, in the type's order; hidden ones only for staff."""
    staff = is_staff(info)
    result = [
        Assigned(attr, values_by_attribute[attr.pk])
        for attr in attributes
        if values_by_attribute.get(attr.pk) and (staff or attr.visible_in_storefront)
    ]
    return result[:limit]


class ObjectWithAttributes(graphene.Interface):
    assigned_attribute = graphene.Field(
        AssignedAttribute, slug=graphene.String(required=True), description="Get a single attribute attached to the object by its slug."
    )
    assigned_attributes = graphene.List(
        graphene.NonNull(AssignedAttribute), required=True, limit=PositiveInt(default_value=100),
        description="List of attributes assigned to the object.",
    )
