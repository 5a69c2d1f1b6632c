"""The Group's pages: the home page, meetings and their documents. One module per subject."""
