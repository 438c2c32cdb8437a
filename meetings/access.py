"""The meetings app's role permissions and menu entries (see `outreach.registry`)."""
