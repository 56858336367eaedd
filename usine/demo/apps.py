from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models: the app brings the load_demo command and the demo's data files.
    name = "usine.demo"
    label = "demo"
