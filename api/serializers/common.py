"""Small nested shapes every resource uses: a person, a group, a point. Times are ISO 8601
with the team's offset (DRF renders aware datetimes in the current time zone); money is a
decimal string (COERCE_DECIMAL_TO_STRING)."""

from rest_framework import serializers

from outreach.models import Group, Point, Staff


class StaffRef(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = ["id", "employee_no", "name"]


class GroupRef(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "code", "name"]


class PointRef(serializers.ModelSerializer):
    class Meta:
        model = Point
        fields = ["id", "name"]
