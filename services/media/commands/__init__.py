"""Media's use cases that span the store, the models and the job workers, a part per area."""
