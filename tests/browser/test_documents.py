"""A visitor downloads the published register as a PDF and can check it."""

from pathlib import Path

from playwright.sync_api import expect

from tests.interests.factories import InterestFactory, MemberFactory
from tests.pdf import pdf_text


def test_a_visitor_clicks_download_pdf_on_the_published_register_and_gets_the_pdf(page, tmp_path):
    member = MemberFactory(first_name="Ben", last_name="Okafor", email="")
    InterestFactory(declarant=member, organisation__name="Riverside Surgery")
    page.goto("/register/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "register.pdf"
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    assert "Riverside Surgery" in pdf_text(data)

    page.goto("/documents/check/")
    page.get_by_label("Upload the PDF").set_input_files(str(Path(saved)))
    page.get_by_role("button", name="Check the document").click()
    expect(page.locator("#check-result")).to_contain_text(
        "This is an unchanged document from this service"
    )
