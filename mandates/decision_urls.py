"""SOM decisions: a meeting's decision sections and the decisions in them. They are read on the
meeting's page (meetings:detail, #decision-<pk>); these are the secretariat's edits and each
decision's history."""

from django.urls import path

from mandates import decision_views as views

app_name = "decisions"

urlpatterns = [
    path("meeting/<int:number>/sections/add/", views.section_add, name="section_add"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:section_pk>/add/", views.decision_add, name="add"),
    path("<int:pk>/edit/", views.decision_edit, name="edit"),
    path("<int:pk>/move/", views.decision_move, name="move"),
    path("<int:pk>/delete/", views.decision_delete, name="delete"),
    path("<int:pk>/history/", views.decision_history, name="history"),
]
