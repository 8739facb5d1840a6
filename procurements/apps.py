from django.apps import AppConfig


class ProcurementsConfig(AppConfig):
    name = "procurements"
    verbose_name = "Procurements and the decisions register"
