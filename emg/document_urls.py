"""A document as it prints: /documents/12/ is its HTML page, /documents/12/pdf/ its PDF,
/documents/12/docx/ its Word file."""

from django.urls import path

from emg.views import documents

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", documents.document_preview, name="preview"),
    path("<int:pk>/pdf/", documents.document_pdf, name="pdf"),
    path("<int:pk>/docx/", documents.document_docx, name="docx"),
]
