"""Nobody can fill the page cache (issue 16, item 3): a page's key comes from its cleaned,
declared parameters and the normalised host; searches, invalid filter values and page
numbers that are not the page shown are served but not stored."""

from django.core.cache import cache
from django.urls import reverse

from .test_loket_public import published_initiative


def page_keys():
    client = cache._cache.get_client(write=False)
    return list(client.scan_iter(match=cache.make_key("pagecache:page:*"), count=1000))


def test_searches_invalid_values_and_page_numbers_add_no_key(client, demo):
    published_initiative()
    url = reverse("initiatives:list")
    assert client.get(url)["X-Page-Cache"] == "miss"
    stored = len(page_keys())
    for n in range(30):
        for query in (
            {"q": f"woord{n}"},
            {"theme": f"bestaat-niet-{n}"},
            {"page": str(1000 + n)},
            {"page": f"x{n}"},
        ):
            response = client.get(url, query)
            assert response.status_code == 200 and "X-Page-Cache" not in response
    assert len(page_keys()) == stored


def test_order_empty_values_and_host_make_one_page(client, demo):
    published_initiative()
    url = reverse("initiatives:list")
    first = client.get(url, {"theme": "groen", "kind": "idea"})
    assert first["X-Page-Cache"] == "miss"
    for variant, host in [
        ("?kind=idea&theme=groen", "testserver"),
        ("?theme=groen&q=&kind=idea&status=", "TESTSERVER"),
        ("?kind=idea&theme=groen&neighbourhood=", "testserver:80"),
    ]:
        response = client.get(url + variant, HTTP_HOST=host)
        assert response["X-Page-Cache"] == "hit", (variant, host)
    assert client.get(url + "?page=1")["X-Page-Cache"] == "miss"  # page 1 named: its own key
    assert client.get(url + "?page=1")["X-Page-Cache"] == "hit"
