"""Weights are stored in grams; the API shows them in the unit asked for."""

from decimal import Decimal

from django.db import models


class WeightUnits(models.TextChoices):
    G = "g"
    KG = "kg"
    LB = "lb"
    OZ = "oz"
    TONNE = "tonne"


GRAMS_PER_UNIT = {
    WeightUnits.G: Decimal(1),
    WeightUnits.KG: Decimal(1000),
    WeightUnits.LB: Decimal("453.59237"),
    WeightUnits.OZ: Decimal("28.349523125"),
    WeightUnits.TONNE: Decimal(1_000_000),
}


def convert_grams(grams: Decimal, unit: str) -> Decimal:
    return Decimal(grams) / GRAMS_PER_UNIT[WeightUnits(unit)]
