from django.urls import path

from glossary import views

app_name = "glossary"
urlpatterns = [
    path("", views.glossary_index_view, name="index"),
    path("<str:slug>/", views.term_detail_view, name="term"),
]
