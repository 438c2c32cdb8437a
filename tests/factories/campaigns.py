"""Factories of the campaigns app."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns.models import BudgetLine, Campaign, CampaignKind, ExpenseClaim, LibraryItem

from . import StaffFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    theme = factory.Sequence(lambda n: f"活动{n}")
    kind = CampaignKind.TASTING
    starts_at = datetime(2026, 12, 12, 14, 0, tzinfo=SHANGHAI)
    owner = factory.SubFactory(StaffFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    campaign = factory.SubFactory(CampaignFactory)
    category = "venue"
    planned = Decimal("1000.00")


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseClaim

    staff = factory.SubFactory(StaffFactory)
    category = "transport"
    amount = Decimal("50.00")
    spent_on = date(2026, 11, 1)
    description = "打车"


class LibraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryItem

    kind = "pitch_script"
    title = factory.Sequence(lambda n: f"说辞{n}")
    body = "您好，打扰一下！"


def image_upload(name: str = "receipt.png", size=(40, 30), fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 200, 200)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
