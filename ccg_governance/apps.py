from django.apps import AppConfig


class CcgGovernanceConfig(AppConfig):
    name = "ccg_governance"
    verbose_name = "Recuse (project)"
