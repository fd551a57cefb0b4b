"""Public pages (no login): the list of items, each item's brochure page, news."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from skillcert.core import clock
from skillcert.core.documents import document_response

from . import pages, samples, selectors


@require_safe
def home(request):
    now = clock.now()
    open_by_item: dict[int, list] = {}
    for session in selectors.open_sessions(now=now):
        open_by_item.setdefault(session.level.brochure.item_id, []).append(pages.session_block(session, now=now))
    upcoming_by_item: dict[int, list] = {}
    for session in selectors.upcoming_sessions(now=now):
        upcoming_by_item.setdefault(session.level.brochure.item_id, []).append(session)
    items = [
        {
            "item": item,
            "brochure": item.brochures.order_by("-roc_year").first(),
            "open": open_by_item.get(item.pk, []),
            "upcoming": upcoming_by_item.get(item.pk, [])[:2],
        }
        for item in selectors.published_items()
    ]
    news = selectors.news_list(now=now)[:5]
    return render(request, "catalog/home.html", {"items": items, "news": news})


@require_safe
def item(request, code):
    found = selectors.item_for_page(code=code)
    brochure = selectors.current_brochure(item=found)
    now = clock.now()
    context = {"item": found, "brochure": brochure, "news": selectors.news_list(item=found, now=now)[:3]}
    if brochure is not None:
        sessions = pages.brochure_sessions(brochure)
        context.update(
            sessions=sessions,
            schedule=pages.schedule_rows(sessions),
            levels=pages.level_blocks(brochure, now=now),
            reissue_windows=pages.reissue_windows_text(brochure),
            samples=samples.published_samples(sessions=sessions, today=clock.today()),
        )
    return render(request, "catalog/item.html", context)


@require_safe
def news(request):
    return render(request, "catalog/news.html", {"news": selectors.news_list(), "item": None})


@require_safe
def item_news(request, code):
    found = selectors.item_for_page(code=code)
    return render(request, "catalog/news.html", {"news": selectors.news_list(item=found), "item": found})


@require_safe
def sample_file(request, pk):
    """年度考試樣題 download, from its publication day."""
    sample = samples.sample_for_download(pk=pk, today=clock.today())
    session = sample.session
    name = f"sample-{session.level.brochure.item.code}-{session.level.brochure.roc_year}-{session.level.rank}-{session.nth}-{sample.pk}"
    return document_response(sample.document, name=name)
