"""The mandates' addresses, under /mandates/, and a meeting's decisions', under /decisions/ (they
are read on the meeting's page, meetings:detail #decision-<pk>; these are the secretariat's edits
and each decision's history); inviting someone (/people/invite/). Included once by
config/urls.py."""

from django.urls import include, path

from mandates.views import decisions, mandates, members, people, terms

mandate_patterns = [
    path("", mandates.mandate_list, name="list"),
    path("add/", mandates.mandate_create, name="create"),
    path("<int:pk>/", mandates.mandate_detail, name="detail"),
    path("<int:pk>/edit/", mandates.mandate_edit, name="edit"),
    path("<int:pk>/history/", mandates.mandate_history, name="history"),
    path("<int:pk>/members/add/", members.membership_add, name="membership_add"),
    path("members/<int:pk>/edit/", members.membership_edit, name="membership_edit"),
    path("members/<int:pk>/remove/", members.membership_remove, name="membership_remove"),
    path("<int:pk>/focal-points/add/", members.focal_point_add, name="focal_point_add"),
    path("focal-points/<int:pk>/remove/", members.focal_point_remove, name="focal_point_remove"),
    path("focal-points/<int:pk>/replace/", people.focal_point_replace, name="focal_point_replace"),
    path("<int:pk>/terms-of-reference/add/", terms.tor_create, name="tor_create"),
    path("terms-of-reference/<int:pk>/edit/", terms.tor_edit, name="tor_edit"),
    path("terms-of-reference/<int:pk>/clauses/", terms.tor_clauses, name="tor_clauses"),
    path("terms-of-reference/<int:pk>/pdf/", terms.tor_pdf, name="tor_pdf"),
    path("terms-of-reference/<int:pk>/docx/", terms.tor_docx, name="tor_docx"),
    path("terms-of-reference/<int:pk>/clauses/add/", terms.clause_add, name="clause_add"),
    path("clauses/<int:pk>/edit/", terms.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/move/", terms.clause_move, name="clause_move"),
    path("clauses/<int:pk>/delete/", terms.clause_delete, name="clause_delete"),
    path("terms-of-reference/<int:pk>/footnotes/add/", terms.footnote_add, name="footnote_add"),
    path("footnotes/<int:pk>/edit/", terms.footnote_edit, name="footnote_edit"),
    path("footnotes/<int:pk>/delete/", terms.footnote_delete, name="footnote_delete"),
]

decision_patterns = [
    path("meeting/<int:number>/sections/add/", decisions.section_add, name="section_add"),
    path("sections/<int:pk>/edit/", decisions.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", decisions.section_move, name="section_move"),
    path("sections/<int:pk>/delete/", decisions.section_delete, name="section_delete"),
    path("sections/<int:section_pk>/add/", decisions.decision_add, name="add"),
    path("<int:pk>/edit/", decisions.decision_edit, name="edit"),
    path("<int:pk>/move/", decisions.decision_move, name="move"),
    path("<int:pk>/delete/", decisions.decision_delete, name="delete"),
    path("<int:pk>/history/", decisions.decision_history, name="history"),
]

urlpatterns = [
    # Beside the people pages (emg.urls, /people/): an invitation names the mandates the
    # person reports for.
    path("people/invite/", people.person_invite, name="people_invite"),
    path("decisions/", include((decision_patterns, "decisions"))),
    path("mandates/", include((mandate_patterns, "mandates"))),
]
