from django.urls import path

from .views import care, clients, cooperation, feedback, leads, policy, pool, reception, signals

urlpatterns = [
    path("rules/leads/", policy.lead_policy_edit, name="rules-lead-policy"),
    path("clients/", clients.client_list_view, name="client-list"),
    path("clients/import/", clients.client_import, name="client-import"),
    path("clients/export/", clients.client_export, name="client-export"),
    path("clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("clients/<int:pk>/follow-up/", clients.client_follow_up, name="client-follow-up"),
    path("clients/<int:pk>/feedback/", feedback.client_feedback, name="client-feedback"),
    path("clients/<int:pk>/complaint/", feedback.client_complaint, name="client-complaint"),
    path("clients/<int:pk>/grade/", care.client_grade, name="client-grade"),
    path("clients/care/", care.care_list, name="client-care"),
    path(
        "clients/<int:pk>/cooperation/", cooperation.client_cooperation, name="client-cooperation"
    ),
    path("cooperations/<int:pk>/step/", cooperation.cooperation_step, name="cooperation-step"),
    path("complaints/", feedback.complaint_list, name="complaint-list"),
    path("complaints/<int:pk>/", feedback.complaint_detail, name="complaint-detail"),
    path("leads/", leads.lead_list_view, name="lead-list"),
    path("leads/register/", leads.lead_register, name="lead-register"),
    path("leads/hand-over/", leads.lead_bulk_hand_over, name="lead-bulk-hand-over"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead-detail"),
    path("leads/<int:pk>/reveal/", leads.lead_reveal, name="lead-reveal"),
    path("leads/<int:pk>/invalid/", leads.lead_invalid, name="lead-invalid"),
    path("leads/<int:pk>/reassign/", leads.lead_reassign, name="lead-reassign"),
    path("leads/<int:pk>/takeover/", leads.lead_takeover, name="lead-takeover"),
    path("leads/<int:pk>/consultant/", leads.lead_consultant, name="lead-consultant"),
    path("leads/<int:pk>/deal/", leads.lead_deal, name="lead-deal"),
    path("deals/<int:pk>/cancel/", leads.deal_cancel, name="deal-cancel"),
    path("deals/<int:pk>/credit/", leads.deal_credit, name="deal-credit"),
    path("pool/", pool.pool_list_view, name="pool-list"),
    path("pool/<int:pk>/claim/", pool.pool_claim, name="pool-claim"),
    path("leads/signals/", signals.lead_fake_signals, name="lead-fake-signals"),
    path("takeovers/", pool.takeover_list, name="lead-takeover-list"),
    path("reception/", reception.reception, name="reception"),
    path("reception/setup/", reception.reception_setup, name="reception-setup"),
    path("reception/replay/", reception.rotation_replay, name="reception-replay"),
    path("rotation/<int:pk>/state/", reception.rotation_state, name="rotation-state"),
    path("visits/mine/", reception.visit_mine, name="visit-mine"),
    path("visits/<int:pk>/end/", reception.visit_end, name="visit-end"),
    path("visits/<int:pk>/confirm/", reception.visit_confirm, name="visit-confirm"),
    path("inbound-calls/", reception.inbound_call_list, name="inbound-call-list"),
    path(
        "inbound-calls/<int:pk>/assign/", reception.inbound_call_assign, name="inbound-call-assign"
    ),
]
