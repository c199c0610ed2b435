"""Code common to the gateway and the services: config, errors, event store, outbox, generic CRUD."""
