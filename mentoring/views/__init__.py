"""The mentoring screens, one module per audience: the mentor, the newcomer, the manager."""
