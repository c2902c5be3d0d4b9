from django.apps import AppConfig


class ChannelConfig(AppConfig):
    name = "shop.channel"
    label = "channel"
