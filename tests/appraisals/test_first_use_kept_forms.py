"""Issue 18 §8: a refused bonus base comes back on the cycle page as typed, with its
error beside it."""

from django.urls import reverse

from tests.appraisals.helpers import to_leader_evaluation


def test_first_use_a_refused_bonus_base_comes_back_as_typed(client, quarter):
    cycle = to_leader_evaluation(quarter)
    client.force_login(quarter["manager"].user)
    response = client.post(
        reverse("appraisal-cycle-bonus", args=[cycle.pk]), {"bonus_base": "-1234.5"}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="-1234.5"' in page
    assert "invalid-feedback" in page
    cycle.refresh_from_db()
    assert cycle.bonus_base != -1234.5
    again = client.get(reverse("appraisal-cycle", args=[cycle.pk])).content.decode()
    assert 'value="-1234.5"' not in again
