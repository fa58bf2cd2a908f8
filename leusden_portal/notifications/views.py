from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import services
from .forms import DeliveryPreferencesForm, OptOutForm
from .models import DeliveryPreference, EmailOptOut
from .registry import KINDS


class OptOutView(View):
    """From the link in every e-mail that is not about the resident's own submission:
    turn those e-mails off (or on again). GET only shows the choice, so that a mail
    scanner following the link changes nothing."""

    template_name = "notifications/opt_out.html"

    def _email(self, token):
        email = services.opt_out_email_from_token(token)
        if not email:
            raise Http404(_("This link is not valid."))
        return email

    def get(self, request, token):
        email = self._email(token)
        opted_out = EmailOptOut.objects.filter(email__iexact=email).exists()
        return render(request, self.template_name, {"email": email, "opted_out": opted_out})

    def post(self, request, token):
        email = self._email(token)
        form = OptOutForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "in":
            services.email_opt_in(email=email)
            messages.success(request, _("You will receive these e-mails again."))
        elif form.is_valid():
            services.email_opt_out(email=email)
            messages.success(
                request,
                _("Done. You will only receive e-mails about your own submissions from now on."),
            )
        return redirect(request.path)


class DeliveryPreferencesView(LoginRequiredMixin, View):
    """Staff choose per kind: each message at once, or one daily digest."""

    template_name = "notifications/preferences.html"

    def _form(self, request, data=None):
        kinds = [kind for kind in KINDS.values() if kind.digestible]
        current = dict(
            DeliveryPreference.objects.filter(user=request.user).values_list("kind", "mode")
        )
        return DeliveryPreferencesForm(data, kinds=kinds, current=current)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        modes = {kind: mode for kind, mode in form.cleaned_data.items() if mode}
        services.delivery_preferences_save(user=request.user, modes=modes)
        messages.success(request, _("Your choices are saved."))
        return redirect(request.path)
