"""Health and metrics: liveness, readiness and Prometheus metrics (docs/operations.md)."""
