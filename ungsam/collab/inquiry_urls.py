"""Inquiries without consent (henvendelser), anonymous guidance and the anonymous case
discussion of SLT and BTI meetings: a unit's own pages, outside any case."""

from django.urls import path

from ungsam.collab import inquiry_views

app_name = "inquiries"
urlpatterns = [
    path("", inquiry_views.inquiry_list, name="list"),
    path("ny/", inquiry_views.inquiry_create, name="create"),
    path("anonym-drofting/", inquiry_views.anonymous_discussion, name="discussion"),
]
