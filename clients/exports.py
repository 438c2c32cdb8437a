"""R-CLI-6: exporting the (filtered) client list as .xlsx."""

from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import xlsx


def clients_write_xlsx(clients, out) -> int:
    """Write one row per client to a file-like `out`; returns the row count."""
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet("clients")
    xlsx.append(
        sheet,
        [
            _("name"),
            _("phone"),
            _("company"),
            _("owner"),
            _("source"),
            _("grade"),
            _("registered"),
        ],
    )
    count = 0
    for client in clients.iterator(chunk_size=2000):
        owner = client.current_lead.owner if client.current_lead else None
        xlsx.append(
            sheet,
            [
                client.name,
                client.phone,
                client.company_name,
                owner.employee_no if owner else "",
                client.source,
                client.grade,
                timezone.localtime(client.registered_at).strftime("%Y-%m-%d %H:%M"),
            ],
        )
        count += 1
    workbook.save(out)
    return count
