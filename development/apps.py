from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    """Scale data, benchmarks and the load test: tools for the people who build the workspace.
    Never imported by the four apps to its left."""

    name = "development"
    verbose_name = "Development"
