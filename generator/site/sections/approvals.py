"""Legal approvals (法制审核): when and by whom each item, rule and plan version was approved.

Built last: it adds an approval section to the item, rule and plan pages the other sections
made, then a page of approvals per department (rendering in `spotcheck.site.approvals`)."""

from __future__ import annotations

from spotcheck.site import approvals as site_approvals
from spotcheck.site.pages import Section, SiteBuilder


def build(site: SiteBuilder) -> None:
    site_approvals.add_to_site(
        site.out, site.model.records, directory_urls=site.model.directory_urls
    )


SECTION = Section(None, build)
