"""SPEC §2: the client archive, leads and their ownership, visits and rotation, deals."""

from .clients import Client, ClientGrade, ClientKind, FollowUp, FollowUpKind, SourceChannel
from .cooperation import COOPERATION_FLOW, Cooperation, CooperationStatus
from .deals import Deal, DealStatus
from .feedback import Complaint, ComplaintEntry, ComplaintStatus, Feedback
from .grading import CareMethod, CarePolicy, Festival, GradingPolicy
from .leads import (
    InboundCall,
    Lead,
    LeadKind,
    LeadStatus,
    OwnershipEvent,
    OwnershipEventKind,
    OwnershipPeriod,
)
from .policy import LeadPolicy
from .visits import ConsultantState, RotationLog, RotationLogKind, RotationMember, Visit, VisitState

__all__ = [
    "CareMethod",
    "CarePolicy",
    "Client",
    "ClientGrade",
    "ClientKind",
    "Complaint",
    "ComplaintEntry",
    "ComplaintStatus",
    "COOPERATION_FLOW",
    "ConsultantState",
    "Cooperation",
    "CooperationStatus",
    "Deal",
    "DealStatus",
    "Feedback",
    "Festival",
    "FollowUp",
    "GradingPolicy",
    "FollowUpKind",
    "InboundCall",
    "Lead",
    "LeadKind",
    "LeadPolicy",
    "LeadStatus",
    "OwnershipEvent",
    "OwnershipEventKind",
    "OwnershipPeriod",
    "RotationLog",
    "RotationLogKind",
    "RotationMember",
    "SourceChannel",
    "Visit",
    "VisitState",
]
