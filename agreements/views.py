from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from leusden_portal.core.exports import SafeWriter
from leusden_portal.core.pagecache import cache_public_page

from . import selectors, services


@cache_public_page(services.PAGES)
def agreement_list(request):
    return render(request, "agreements/list.html", {"agreements": selectors.public_agreements()})


@cache_public_page(services.PAGES, "initiatives")
def agreement_detail(request, slug):
    agreement = selectors.agreement_detail(slug)
    if agreement is None:
        raise Http404
    from council.selectors import hostops_of_many
    from initiatives.selectors import referred_to_agreement

    context = {
        "agreement": agreement,
        "hostops": hostops_of_many([agreement, *agreement.subprojects.all()]),
        "referred": referred_to_agreement(agreement),
    }
    return render(request, "agreements/detail.html", context)


def _kpi_data(request, kpi):
    return {
        "id": kpi.pk,
        "url": request.build_absolute_uri(reverse("agreements:kpi_json", args=[kpi.pk])),
        "agreement": kpi.goal.agreement.title,
        "goal": kpi.goal.title,
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "baseline": {"value": _num(kpi.baseline_value), "date": _date(kpi.baseline_date)},
        "target": {
            "value": _num(kpi.target_value),
            "date": _date(kpi.target_date),
            "note": kpi.target_note,
        },
        "source": kpi.source,
        "method": kpi.method,
        "frequency": kpi.frequency,
        "measurements": [
            {"date": _date(m.date), "value": _num(m.value), "source": m.source, "note": m.note}
            for m in sorted(kpi.measurements.all(), key=lambda m: m.date)
        ],
    }


def _num(value):
    return None if value is None else float(value.normalize())


def _date(value):
    return value.isoformat() if value else None


def _open_data(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_public_page(services.PAGES)
def kpis_json(request):
    data = [_kpi_data(request, kpi) for kpi in selectors.open_data_kpis()]
    return _open_data(JsonResponse({"kpis": data}, json_dumps_params={"ensure_ascii": False}))


@cache_public_page(services.PAGES)
def kpi_json(request, pk):
    kpi = selectors.open_data_kpis().filter(pk=pk).first()
    if kpi is None:
        raise Http404
    return _open_data(
        JsonResponse(_kpi_data(request, kpi), json_dumps_params={"ensure_ascii": False})
    )


@cache_public_page(services.PAGES)
def kpi_csv(request, pk):
    kpi = selectors.open_data_kpis().filter(pk=pk).first()
    if kpi is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kpi-{kpi.pk}.csv"'
    writer = SafeWriter(response)
    writer.writerow(["kpi", "name", "unit", "date", "value", "source", "note"])
    for m in sorted(kpi.measurements.all(), key=lambda m: m.date):
        writer.writerow(
            [kpi.pk, kpi.name, kpi.unit, m.date.isoformat(), _num(m.value), m.source, m.note]
        )
    return _open_data(response)


@cache_public_page(services.PAGES)
def open_data(request):
    return render(request, "agreements/open_data.html", {"kpis": selectors.open_data_kpis()})
