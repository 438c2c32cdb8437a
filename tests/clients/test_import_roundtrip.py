"""Issue 18, point 7: a client file exported from the list imports again unchanged.

One column table (clients/client_columns.py) writes and reads every column: headers and
list values are the same words on both sides (Chinese by default), dates are date cells,
a re-imported export creates nothing and reports no error, and an error names the
spreadsheet row (header = row 1) and the column by its header. The last test does it
in Chromium at a desk (1280×800), as the manager.
"""

import re
from datetime import date, time, timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from clients.client_columns import BY_KEY, COLUMNS, ChoiceColumn, Use, columns_of_header
from clients.exports import clients_write_xlsx
from clients.imports import clients_import, clients_import_check
from clients.models import (
    Client,
    ClientGrade,
    ClientKind,
    Lead,
    LeadKind,
    LeadStatus,
    OwnershipEvent,
    SourceChannel,
)
from clients.selectors import client_list
from clients.services.grading import client_grade_override
from clients.services.leads import lead_mark_invalid
from clients.services.pool import pool_expire_due
from outreach.models import AccessLog
from tests.clock import local, runs_at
from tests.factories import TEST_PASSWORD
from tests.factories.clients import register

pytestmark = [pytest.mark.django_db, runs_at("2026-03-10 10:00")]
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _counts() -> tuple[int, int, int]:
    return Client.objects.count(), Lead.objects.count(), OwnershipEvent.objects.count()


@pytest.fixture
def archive(org):
    """Clients like the demo's: both groups, every lead kind, several sources and grades,
    a company, a formula-looking name, a name typed with a zero-width joiner, a
    birthday, a lead gone to the pool and an invalid one."""
    now = timezone.now()
    c1, c2, c3 = org["canvasser1"], org["canvasser2"], org["canvasser3"]
    zhang = register(
        c1,
        "13300000001",
        now=now - timedelta(days=2, minutes=7, seconds=33),
        name="张三",
        need="两居改善",
        birthday=date(1990, 5, 1),
    )
    client_grade_override(client_id=zhang.client_id, grade=ClientGrade.A, reason="老客户转介绍")
    register(
        c1,
        "13300000002",
        now=now - timedelta(hours=5),
        kind=LeadKind.TO_BRING,
        name=FORMULA,
        source=SourceChannel.ROADSHOW,
        company_name="+86 星河集团",
        client_kind=ClientKind.COMPANY,
    )
    register(
        c2,
        "13300000003",
        now=now - timedelta(hours=3),
        kind=LeadKind.PHONE,
        name="李\u200d四",  # stored without the joiner (issue 17)
        source=SourceChannel.GROUP_PURCHASE,
    )
    wang = register(c3, "13300000004", now=now - timedelta(hours=1), name="王五", source="referral")
    client_grade_override(client_id=wang.client_id, grade=ClientGrade.B, reason="年内两次成交")
    register(c2, "13300000005", now=now - timedelta(days=40), name="赵六", need="看样板间")
    assert pool_expire_due(now=now) == 1  # 赵六's lead is in the pool: no owner
    invalid = register(c3, "13300000006", now=now - timedelta(days=1), name="孙七")
    lead_mark_invalid(actor=org["leader2"].user, lead_id=invalid.pk, reason="无购房需求")
    return org


def _export(user) -> bytes:
    out = BytesIO()
    clients_write_xlsx(client_list(user=user), out)
    return out.getvalue()


def _sheet(content: bytes):
    return load_workbook(BytesIO(content)).active


def _save(sheet) -> bytes:
    out = BytesIO()
    sheet.parent.save(out)
    return out.getvalue()


def test_first_use_an_exported_client_file_imports_again_with_nothing_new_and_no_error(archive):
    content = _export(archive["manager"].user)
    before = _counts()
    check = clients_import_check(content)
    assert check.rows == 6
    assert check.errors == []
    assert check.valid == []
    assert check.changed == []
    assert check.unchanged == [2, 3, 4, 5, 6, 7]
    result = clients_import(actor=archive["manager"].user, content=content)
    assert (result.imported, result.errors) == (0, [])
    assert _counts() == before


def test_first_use_the_export_writes_list_names_real_dates_and_inert_text(archive):
    sheet = _sheet(_export(archive["manager"].user))
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    by_phone = {row[header.index(str(BY_KEY["phone"].header))].value: row for row in rows[1:]}

    def cell(phone, key):
        return by_phone[phone][[c.key for c in COLUMNS].index(key)]

    zhang = Client.objects.get(phone="13300000001")
    registered = cell("13300000001", "registered_at")
    assert registered.is_date
    assert registered.value == timezone.localtime(zhang.registered_at).replace(
        tzinfo=None, second=0, microsecond=0
    )
    # Local time, to the minute.
    assert registered.value == local("2026-03-08 09:52").replace(tzinfo=None)
    birthday = cell("13300000001", "birthday")
    assert birthday.is_date
    assert (birthday.value.date(), birthday.value.time()) == (date(1990, 5, 1), time(0))
    assert cell("13300000001", "grade").value == str(ClientGrade.A.label)
    assert cell("13300000001", "source").value == str(SourceChannel.FLYER.label)
    assert cell("13300000002", "kind").value == str(LeadKind.TO_BRING.label)
    assert cell("13300000002", "client_kind").value == str(ClientKind.COMPANY.label)
    assert cell("13300000003", "name").value == "李四"
    for key, text in (("name", FORMULA), ("company_name", "+86 星河集团")):
        inert = cell("13300000002", key)
        assert (inert.value, inert.data_type, inert.quotePrefix) == (text, "s", True)
    pooled = cell("13300000005", "owner")
    assert pooled.value in (None, "")
    assert cell("13300000004", "owner").value == archive["canvasser3"].employee_no
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]


def test_first_use_the_client_file_headers_are_the_column_table_in_the_active_language(archive):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            header = [c.value for c in next(_sheet(_export(archive["manager"].user)).iter_rows())]
            assert header == [str(column.header) for column in COLUMNS]
            assert [c.key if c else None for c in columns_of_header(header)] == [
                None if c.use == Use.IGNORED else c.key for c in COLUMNS
            ]


def test_first_use_the_client_file_is_in_chinese(archive):
    """Needs the merged catalog (/work/t18-strings/roundtrip.po): headers and list
    values in Simplified Chinese, as the import page names them."""
    with translation.override("zh-hans"):
        rows = list(_sheet(_export(archive["manager"].user)).iter_rows(values_only=True))
    assert list(rows[0]) == [
        "姓名",
        "手机号",
        "客户类型",
        "公司名称",
        "负责人工号",
        "负责人",
        "来源渠道",
        "客户来源方式",
        "需求",
        "客户等级",
        "生日",
        "登记时间",
    ]
    zhang = next(row for row in rows if row[1] == "13300000001")
    assert zhang[2] == "个人"
    assert zhang[6:10] == ("派单", "当面结识", "两居改善", "A · 重要客户")


def test_first_use_an_english_export_imports_again_under_chinese_and_back(archive):
    with translation.override("en"):
        english = _export(archive["manager"].user)
    with translation.override("zh-hans"):
        check = clients_import_check(english)
    assert (check.errors, check.changed, len(check.unchanged)) == ([], [], 6)


def test_first_use_list_values_are_read_by_display_name_english_name_or_code(archive):
    sheet = _sheet(_export(archive["manager"].user))
    owner = archive["canvasser1"].employee_no
    keys = [c.key for c in COLUMNS]

    def row(phone, **cells):
        values = dict.fromkeys(keys, "")
        values.update(name="新客户", phone=phone, owner=owner, **cells)
        sheet.append([values[key] for key in keys])

    with translation.override("zh-hans"):
        flyer, phone_lead = str(SourceChannel.FLYER.label), str(LeadKind.PHONE.label)
    row("13400000001", source=flyer, kind=phone_lead, client_kind="个人")
    row("13400000002", source="Roadshow", kind="to be brought to the sales office")
    row("13400000003", source="group_purchase", kind="phone", client_kind="company")
    row("13400000004", source="转介绍", kind="面访", birthday="1988/2/29")
    row("13400000005", grade="重要客户", registered_at="2026-03-01 09:30")
    check = clients_import_check(_save(sheet))
    assert check.errors == []
    assert [number for number, _o, _d in check.valid] == [8, 9, 10, 11, 12]
    result = clients_import(actor=archive["manager"].user, content=_save(sheet))
    assert result.imported == 5
    leads = {
        lead.phone: (lead.source, lead.kind, lead.client.kind)
        for lead in Lead.objects.filter(phone__startswith="134").select_related("client")
    }
    assert leads == {
        "13400000001": ("flyer", "phone", "person"),
        "13400000002": ("roadshow", "to_bring", "person"),
        "13400000003": ("group_purchase", "phone", "company"),
        "13400000004": ("referral", "in_person", "person"),
        "13400000005": ("flyer", "in_person", "person"),
    }
    assert Client.objects.get(phone="13400000004").birthday == date(1988, 2, 29)
    # Grade and registration time are compared only: the rules and the moment set them.
    new = Client.objects.get(phone="13400000005")
    assert new.grade == ClientGrade.C
    assert local("2026-03-10 10:00") <= new.registered_at < local("2026-03-10 10:05")


def test_first_use_an_error_names_the_spreadsheet_row_and_the_column_header(archive):
    sheet = _sheet(_export(archive["manager"].user))  # rows 2–7 are the archive's clients
    keys = [c.key for c in COLUMNS]
    sheet.append([])  # row 8 left empty
    good = dict.fromkeys(keys, "") | {"owner": archive["canvasser1"].employee_no}
    sheet.append([(good | {"name": "甲", "phone": "1340000"})[k] for k in keys])  # row 9
    sheet.append(
        [(good | {"name": "乙", "phone": "13400000002", "source": "传单"})[k] for k in keys]
    )
    sheet.append(
        [(good | {"name": "丙", "phone": "13400000003", "birthday": "明天"})[k] for k in keys]
    )
    content = _save(sheet)
    with translation.override("en"):
        result = clients_import_check(content)
        texts = [error.text for error in result.errors]
        headers = {key: str(BY_KEY[key].header) for key in ("phone", "source", "birthday")}
    assert [(e.row, e.column) for e in result.errors] == [
        (9, "phone"),
        (10, "source"),
        (11, "birthday"),
    ]
    assert texts[0] == f"Row 9, column “{headers['phone']}”: Not a mainland mobile number."
    assert texts[1].startswith(f"Row 10, column “{headers['source']}”: “传单” is not one of: ")
    assert "Flyer" in texts[1]
    assert texts[2] == f"Row 11, column “{headers['birthday']}”: Enter a date such as 2026-03-01."
    assert len(result.unchanged) == 6


def test_first_use_an_error_is_in_chinese(archive):
    """Needs the merged catalog: the row sentence and the header in Chinese."""
    sheet = _sheet(_export(archive["manager"].user))
    keys = [c.key for c in COLUMNS]
    owner = archive["canvasser1"].employee_no
    values = dict.fromkeys(keys, "") | {"name": "甲", "phone": "1340000", "owner": owner}
    sheet.append([values[k] for k in keys])
    with translation.override("zh-hans"):
        (error,) = clients_import_check(_save(sheet)).errors
        assert error.text == "第 8 行，“手机号”列：不是中国大陆手机号码。"


def test_first_use_a_changed_row_is_reported_and_not_applied(archive):
    """Decision: a client already in the archive is never overwritten by an import —
    an owner changes only by the lead rules (R-LEAD-2, R-POOL-2/3) and a grade by the
    grading or an override with a reason (R-CLI-5); the difference is reported."""
    sheet = _sheet(_export(archive["manager"].user))
    keys = [c.key for c in COLUMNS]
    rows = {row[keys.index("phone")].value: row for row in sheet.iter_rows(min_row=2)}
    rows["13300000001"][keys.index("name")].value = "张三丰"
    rows["13300000004"][keys.index("owner")].value = archive["canvasser1"].employee_no
    rows["13300000004"][keys.index("grade")].value = "C"
    content = _save(sheet)
    before = _counts()
    with translation.override("en"):
        check = clients_import_check(content)
        texts = [change.text for change in check.changed]
    assert check.errors == []
    assert check.valid == []
    zhang_row, wang_row = (
        next(r[0].row for r in sheet.iter_rows(min_row=2) if r[1].value == p)
        for p in ("13300000001", "13300000004")
    )
    assert sorted((c.row, c.column) for c in check.changed) == sorted(
        [(zhang_row, "name"), (wang_row, "owner"), (wang_row, "grade")]
    )
    assert (check.changed_rows, len(check.unchanged)) == (2, 4)
    name = next(t for t in texts if "张三丰" in t)
    assert name.startswith(f"Row {zhang_row}, column “name”: the file has “张三丰”, the archive")
    owner = next(c for c in check.changed if c.column == "owner")
    assert (owner.in_file, owner.in_archive) == (
        archive["canvasser1"].employee_no,
        archive["canvasser3"].employee_no,
    )
    assert archive["canvasser3"].name in owner.text  # R-LEAD-2: whose, until when
    result = clients_import(actor=archive["manager"].user, content=content)
    assert (result.imported, result.errors) == (0, [])
    assert _counts() == before
    wang = Client.objects.select_related("current_lead").get(phone="13300000004")
    assert (wang.grade, wang.current_lead.owner) == (ClientGrade.B, archive["canvasser3"])
    assert Client.objects.get(phone="13300000001").name == "张三"


def test_first_use_a_manager_exports_and_imports_the_file_again_through_the_pages(client, archive):
    client.force_login(archive["manager"].user)
    response = client.get(reverse("client-export"))
    assert response.status_code == 200
    content = response.content
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 1
    before = _counts()
    page = client.get(reverse("client-import"))
    help_text = page.content.decode()
    for column in COLUMNS:
        assert str(column.header) in help_text  # the help lists the file's columns
    assert "flyer" in help_text  # ... and says the code and English name are read
    preview = client.post(
        reverse("client-import"), {"file": SimpleUploadedFile("clients.xlsx", content)}
    )
    body = preview.content.decode()
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (len(result.valid), len(result.unchanged), result.errors) == (0, 6, [])
    assert "import-errors" not in body
    assert "import-changes" not in body
    confirm = client.post(reverse("client-import"), {"confirm": "1"}, follow=True)
    assert confirm.redirect_chain[-1][0] == reverse("client-list")
    with translation.override("zh-hans"):
        said = str(translation.gettext("Nothing to import: every row is already in the archive."))
    assert said in confirm.content.decode()
    assert _counts() == before
    assert "client_import" not in client.session


def test_first_use_an_error_row_on_the_import_page_names_row_and_header(client, archive):
    client.cookies["django_language"] = "en"
    client.force_login(archive["manager"].user)
    sheet = _sheet(client.get(reverse("client-export")).content)
    keys = [c.key for c in COLUMNS]
    values = dict.fromkeys(keys, "") | {"name": "甲", "phone": "13400000001", "owner": "E9999"}
    sheet.append([values[k] for k in keys])
    preview = client.post(
        reverse("client-import"), {"file": SimpleUploadedFile("c.xlsx", _save(sheet))}
    )
    with translation.override("en"):
        header = str(BY_KEY["owner"].header)
    assert f"Row 8, column “{header}”: Unknown canvasser employee number." in (
        preview.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    client.post(reverse("client-import"), {"confirm": "1"})
    assert not Client.objects.filter(phone="13400000001").exists()


def test_first_use_export_and_import_stay_with_the_roles_allowed_and_in_scope(client, archive):
    """R-ROLE-2: exports of client data are for managers only (a leader, the sales
    manager, a canvasser get 403); the export is the user's scoped client list, so even
    a leader given the permission by hand gets their own group's clients only."""
    for person in ("leader1", "salesmgr", "canvasser1"):
        client.force_login(archive[person].user)
        assert client.get(reverse("client-export")).status_code == 403
        assert client.get(reverse("client-import")).status_code == 403
    leader = archive["leader1"]
    leader.user.user_permissions.add(Permission.objects.get(codename="export_clients"))
    client.force_login(leader.user)
    rows = list(_sheet(client.get(reverse("client-export")).content).iter_rows(values_only=True))
    phones = {row[1] for row in rows[1:]}
    visible = set(client_list(user=leader.user).values_list("phone", flat=True))
    assert phones == visible
    assert phones == {"13300000001", "13300000002", "13300000003"}  # group G01's owned leads
    client.force_login(archive["manager"].user)
    g2 = archive["groups"][1]
    rows = list(
        _sheet(client.get(reverse("client-export") + f"?group={g2.pk}").content).iter_rows(
            values_only=True
        )
    )
    assert {row[1] for row in rows[1:]} == {"13300000004", "13300000006"}


def test_first_use_the_commands_round_trip(archive, tmp_path):
    out = tmp_path / "clients.xlsx"
    call_command("export_clients", "--out", str(out))
    before = _counts()
    call_command("import_clients", str(out))
    assert _counts() == before
    check = clients_import_check(out.read_bytes())
    assert (check.errors, check.changed, len(check.unchanged)) == ([], [], 6)


def test_first_use_the_column_table_has_one_meaning_for_every_word():
    """No header word names two columns, no list word names two values, and every
    value reads back as it was written, in both languages."""
    for language in ("zh-hans", "en"):
        with translation.override(language):
            words = {}
            for column in COLUMNS:
                for word in column.headers():
                    key = "".join(word.split()).casefold()
                    assert words.setdefault(key, column.key) == column.key, word
                if isinstance(column, ChoiceColumn):
                    codes = {}
                    for word, code in [
                        *((label, c) for c, label in column.choices.choices),
                        *column.words,
                    ]:
                        key = "".join(str(word).split()).casefold()
                        assert codes.setdefault(key, code) == code, word
                    for code in column.choices.values:
                        assert column.read(column.write(code)) == code


def test_first_use_a_pooled_and_an_invalid_client_read_back_as_they_are(archive):
    pooled = Client.objects.select_related("current_lead").get(phone="13300000005")
    invalid = Client.objects.select_related("current_lead").get(phone="13300000006")
    assert pooled.current_lead.status == LeadStatus.POOL
    assert invalid.current_lead.status == LeadStatus.INVALID
    for client in (pooled, invalid):
        for column in COLUMNS:
            assert column.read(column.write(column.get(client))) == column.archive(client)


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_first_use_the_manager_re_imports_the_downloaded_client_list(
    live_server, desk, archive, tmp_path
):
    manager = archive["manager"]
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.fill("input[name=username]", manager.user.username)
    desk.fill("input[name=password]", TEST_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_selector("#home-title")
    desk.goto(f"{live_server.url}{reverse('client-list')}")
    with desk.expect_download() as download:
        desk.click(f"a[href^='{reverse('client-export')}']")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "clients.xlsx"
    with translation.override("zh-hans"):
        headers = [str(column.header) for column in COLUMNS]
        nothing = translation.gettext("Nothing to import: every row is already in the archive.")
    sheet = load_workbook(path).active
    assert [cell.value for cell in next(sheet.iter_rows())] == headers
    before = _counts()
    desk.click(f"a[href='{reverse('client-import')}']")
    desk.click("#import-help summary")  # the column help opens
    help_text = desk.inner_text("#import-help")
    assert all(header in help_text for header in headers)
    desk.set_input_files("input[name=file]", str(path))
    desk.click("form[enctype='multipart/form-data'] button")
    summary = desk.wait_for_selector("#import-summary").inner_text()
    assert re.findall(r"\d+", summary)[:3] == ["6", "0", "6"]  # rows, new, unchanged
    assert desk.locator("#import-errors").count() == 0
    assert desk.locator("#import-changes").count() == 0
    desk.click("button[name=confirm]")
    desk.wait_for_selector("div.alert")
    assert nothing in desk.inner_text("div.alert")
    assert desk.url.endswith(reverse("client-list"))
    assert _counts() == before
