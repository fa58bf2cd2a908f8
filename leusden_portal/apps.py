from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's own site (second factor for staff)."""

    default_site = "leusden_portal.admin.PortalAdminSite"
