from django.urls import path

from mandates import views

app_name = "mandates"

urlpatterns = [
    path("", views.mandate_list, name="list"),
    path("add/", views.mandate_create, name="create"),
    path("<int:pk>/", views.mandate_detail, name="detail"),
    path("<int:pk>/edit/", views.mandate_edit, name="edit"),
    path("<int:pk>/history/", views.mandate_history, name="history"),
    path("<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path("members/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("<int:pk>/focal-points/add/", views.focal_point_add, name="focal_point_add"),
    path("focal-points/<int:pk>/remove/", views.focal_point_remove, name="focal_point_remove"),
    path("<int:pk>/terms-of-reference/add/", views.tor_create, name="tor_create"),
    path("terms-of-reference/<int:pk>/edit/", views.tor_edit, name="tor_edit"),
    path("terms-of-reference/<int:pk>/clauses/", views.tor_clauses, name="tor_clauses"),
    path("terms-of-reference/<int:pk>/clauses/add/", views.clause_add, name="clause_add"),
    path("clauses/<int:pk>/edit/", views.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/move/", views.clause_move, name="clause_move"),
    path("clauses/<int:pk>/delete/", views.clause_delete, name="clause_delete"),
    path("terms-of-reference/<int:pk>/footnotes/add/", views.footnote_add, name="footnote_add"),
    path("footnotes/<int:pk>/edit/", views.footnote_edit, name="footnote_edit"),
    path("footnotes/<int:pk>/delete/", views.footnote_delete, name="footnote_delete"),
]
