from __future__ import annotations

import graphene

from shop.catalog import models

from ...core.context import is_staff
from ...core.translations import TranslationType, load_translation, translation_field
from ...core.types import MeasurementUnitsEnum, ObjectWithMetadata


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    FILE = "file"
    REFERENCE = "reference"
    SINGLE_REFERENCE = "single-reference"
    NUMERIC = "numeric"
    RICH_TEXT = "rich-text"
    PLAIN_TEXT = "plain-text"
    SWATCH = "swatch"
    BOOLEAN = "boolean"
    DATE = "date"
    DATE_TIME = "date-time"


class AttributeTypeEnum(graphene.Enum):
    PRODUCT_TYPE = "product-type"
    PAGE_TYPE = "page-type"
    CUSTOMER_TYPE = "customer-type"


class AttributeTranslation(TranslationType):
    name = graphene.String(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


class AttributeValueTranslation(TranslationType):
    name = graphene.String(required=True)
    plain_text = graphene.String()

    class Meta:
        interfaces = (graphene.relay.Node,)


class Attribute(graphene.ObjectType):
    input_type = graphene.Field(AttributeInputTypeEnum, description="The input type to use for entering attribute values.")
    name = graphene.String(required=True, description="Name of an attribute displayed in the interface.")
    slug = graphene.String(required=True, description="Internal representation of an attribute name.")
    type = graphene.Field(AttributeTypeEnum, required=True, description="The attribute type.")
    unit = graphene.Field(MeasurementUnitsEnum, description="The unit of attribute values.")
    value_required = graphene.Boolean(required=True)
    visible_in_storefront = graphene.Boolean(required=True)
    with_choices = graphene.Boolean(required=True, description="Flag indicating that attribute has predefined choices.")
    translation = translation_field(AttributeTranslation, "Returns translated attribute fields for the given language code.")
    external_reference = graphene.String()

    class Meta:
        description = "Custom attribute of a product, variant or page (material, dye, net weight...)."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_with_choices(root, _info):
        return root.input_type in (
            models.AttributeInputType.DROPDOWN, models.AttributeInputType.MULTISELECT, models.AttributeInputType.SWATCH,
        )

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)


class AttributeValue(graphene.ObjectType):
    name = graphene.String(description="Name of a value displayed in the interface.")
    slug = graphene.String(description="Internal representation of a value (unique per attribute).")
    value = graphene.String(description="Represent value of the attribute value (e.g. color values for swatch attributes).")
    translation = translation_field(AttributeValueTranslation, "Returns translated attribute value fields for the given language code.")
    input_type = graphene.Field(AttributeInputTypeEnum, description="The input type to use for entering attribute values.")
    plain_text = graphene.String(description="Represents the text of the attribute value, plain text without formatting.")
    boolean = graphene.Boolean(description="Represents the boolean value of the attribute value.")
    external_reference = graphene.String()

    class Meta:
        description = "Represents a value of an attribute."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_input_type(root, _info):
        return root.attribute.input_type

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True, description="Name of an attribute displayed in the interface.")
    values = graphene.List(graphene.NonNull(AttributeValue), required=True, description="Values of an attribute.")

    class Meta:
        description = "Represents a custom attribute with its assigned values."


def selected_attributes(attributes: list, values_by_attribute: dict, info) -> list[SelectedAttribute]:
    """Attributes in the type's order with the object's values; hidden ones only for staff."""
    staff = is_staff(info)
    return [
        SelectedAttribute(attribute=attr, values=values_by_attribute.get(attr.pk, []))
        for attr in attributes
        if staff or attr.visible_in_storefront
    ]
