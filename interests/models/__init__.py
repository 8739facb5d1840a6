from interests.models.declarations import Declaration, DeclarationCampaign
from interests.models.gifts import GiftOrHospitality
from interests.models.imports import ImportBatch
from interests.models.interests import Interest
from interests.models.name_matches import OrganisationNameMatch
from interests.models.organisations import Organisation, OrganisationRelationship
from interests.models.people import Member
from interests.models.training import TrainingModule, TrainingRecord

__all__ = [
    "Declaration",
    "DeclarationCampaign",
    "GiftOrHospitality",
    "ImportBatch",
    "Interest",
    "Member",
    "Organisation",
    "OrganisationNameMatch",
    "OrganisationRelationship",
    "TrainingModule",
    "TrainingRecord",
]
