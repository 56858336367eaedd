from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from usine import inputs

from .models import (
    Company,
    Demo,
    DemoPhoto,
    Exhibitor,
    JobProfile,
    Testimonial,
    Trade,
    TrainingRoute,
)
from .trades import TradeIndex, trade_key


class TradeForm(inputs.ModelForm):
    def clean(self):
        data = super().clean()
        others = TradeIndex(Trade.objects.exclude(pk=self.instance.pk))
        for name in ("name", "masculine", "feminine"):
            if trade_key(data.get(name) or "") and (same := others.find(data[name])):
                self.add_error(
                    name,
                    _("Ce nom se lit comme celui du métier « %(trade)s ».") % {"trade": same},
                )
        return data


@admin.register(Trade)
class TradeAdmin(inputs.ModelAdmin):
    form = TradeForm
    list_display = ["name", "code", "family", "name_en"]
    list_filter = ["family"]
    search_fields = ["name", "masculine", "feminine", "code", "keywords", "name_en"]


class JobProfileInline(inputs.StackedInline):
    model = JobProfile
    autocomplete_fields = ["trade"]
    filter_horizontal = ["training_routes"]
    extra = 0


class ExhibitorInline(inputs.TabularInline):
    model = Exhibitor
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Company)
class CompanyAdmin(inputs.ModelAdmin):
    list_display = ["name", "sector", "city"]
    list_filter = ["sector"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [JobProfileInline, ExhibitorInline]


@admin.register(TrainingRoute)
class TrainingRouteAdmin(inputs.ModelAdmin):
    list_display = ["name", "kind", "duration_years", "after", "after_en"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(JobProfile)
class JobProfileAdmin(inputs.ModelAdmin):
    list_display = ["title", "trade", "company", "in_shortage", "salary_min", "salary_max"]
    list_filter = ["in_shortage", "trade__family", "company__sector"]
    search_fields = ["title", "trade__name", "company__name"]
    autocomplete_fields = ["trade"]
    filter_horizontal = ["training_routes"]


@admin.register(Testimonial)
class TestimonialAdmin(inputs.ModelAdmin):
    list_display = ["first_name", "job_label", "company", "role", "gender", "published"]
    list_filter = ["published", "role", "gender", "company__sector"]
    search_fields = ["first_name", "job_label", "company__name"]
    raw_id_fields = ["video", "pending_video"]


class DemoPhotoInline(inputs.TabularInline):
    model = DemoPhoto
    extra = 0


@admin.register(Demo)
class DemoAdmin(inputs.ModelAdmin):
    list_display = ["title", "company", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["video", "pending_video"]
    inlines = [DemoPhotoInline]


@admin.register(Exhibitor)
class ExhibitorAdmin(inputs.ModelAdmin):
    list_display = ["user", "company"]
    autocomplete_fields = ["user", "company"]
