"""The scheduler's parts; import the public API from `usine.professionals.scheduler`."""
