"""POST /payments/stripe/webhook/: Stripe's events, verified by signature, then applied.

A missing or bad ``Stripe-Signature`` (or no STRIPE_WEBHOOK_SECRET configured)
answers 400 and writes nothing.  A verified event answers 200 whatever it did
(applied, duplicate, stale, ignored); an error while applying answers 500 so
Stripe delivers it again later.
"""

from __future__ import annotations

import json
import logging

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .stripe_webhooks import stripe_event_apply

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    signature = request.headers.get("Stripe-Signature")
    if not secret or not signature:
        return JsonResponse({"error": "Missing signature."}, status=400)
    payload = request.body
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS)
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError):
        logger.warning("Stripe webhook refused: bad signature or payload")
        return JsonResponse({"error": "Invalid signature."}, status=400)
    outcome = stripe_event_apply(event=event)
    return JsonResponse({"received": True, "outcome": str(outcome)})
