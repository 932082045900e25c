from __future__ import annotations

from django.urls import path

from candidates import api

# Mounted under /api/v1/<jobcenter>/ (config/urls.py).
app_name = "api-candidates"
urlpatterns = [
    path("candidates/", api.CandidateListApi.as_view(), name="candidate-list"),
    # A POST: the CPR number travels in the body, never in a URL.
    path("candidates/lookup/", api.CandidateLookupApi.as_view(), name="candidate-lookup"),
    path("candidates/<uuid:public_id>/", api.CandidateDetailApi.as_view(), name="candidate-detail"),
    path(
        "candidates/<uuid:public_id>/assessments/",
        api.CandidateAssessmentsApi.as_view(),
        name="candidate-assessments",
    ),
    path(
        "candidates/<uuid:public_id>/consents/",
        api.CandidateConsentsApi.as_view(),
        name="candidate-consents",
    ),
    path(
        "candidates/<uuid:public_id>/consents/<uuid:consent_id>/withdraw/",
        api.CandidateConsentWithdrawApi.as_view(),
        name="candidate-consent-withdraw",
    ),
]
