"""``translation(languageCode:)`` fields: one query per batch and language."""

from __future__ import annotations

import graphene

from .batching import batch_of
from .types import LanguageCodeEnum, LanguageDisplay, language_code_to_django


def load_translation(root, language_code):
    """The root's translation row in that language, loaded for its whole batch at once."""
    code = language_code_to_django(language_code)
    relation = type(root)._meta.get_field("translations")
    model, fk = relation.related_model, relation.field.attname

    def load(items):
        rows = model.objects.filter(**{f"{fk}__in": [i.pk for i in items]}, language_code=code)
        return {getattr(row, fk): row for row in rows}

    return batch_of(root).load(("translation", model, code), load).get(root.pk)


def translation_field(translation_type, description: str):
    return graphene.Field(
        translation_type,
        language_code=graphene.Argument(LanguageCodeEnum, required=True, description="A language code to return the translation for."),
        description=description,
    )


class TranslationType(graphene.ObjectType):
    """Base for ``*Translation`` types: id of the row and the language."""

    language = graphene.Field(LanguageDisplay, required=True, description="Translation language.")

    class Meta:
        abstract = True

    @staticmethod
    def resolve_language(root, _info):
        return LanguageDisplay(**LanguageDisplay.for_code(root.language_code))
