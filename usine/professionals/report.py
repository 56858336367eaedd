"""What the organizers' pages show: availability per slot and trade, and a run's report with names.

Read-only queries; a run's `result` holds ids, named here at display time (a booking or a
professional removed since is left out).
"""

from collections import defaultdict

from django.utils import timezone

from usine.exhibits.models import Trade
from usine.fair.queries import edition_slots
from usine.schools.models import Booking

from . import scheduler
from .models import Professional, ScheduleRun
from .schedule import REASON_LABELS


def availability(*, edition) -> dict:
    """Per slot: booked classes, who can take it (charter accepted) per trade, who cannot yet."""
    slots = list(edition_slots(edition=edition))
    pros = list(
        Professional.objects.filter(edition=edition)
        .select_related("trade", "company", "user")
        .prefetch_related("available_slots")
    )
    trades = sorted({pro.trade for pro in pros if pro.trade_id}, key=lambda trade: trade.name)
    booked = defaultdict(int)
    for slot_id in Booking.objects.filter(slot__edition=edition).values_list("slot_id", flat=True):
        booked[slot_id] += 1
    rows = []
    for slot in slots:
        ready = [p for p in pros if p.can_be_scheduled and slot in p.available_slots.all()]
        by_trade = defaultdict(list)
        for pro in ready:
            by_trade[pro.trade_id].append(pro)
        rows.append(
            {
                "slot": slot,
                "booked": booked[slot.pk],
                "available": len(ready),
                "cells": [by_trade[trade.pk] for trade in trades],
            }
        )
    days = []
    for row in rows:
        day = timezone.localdate(row["slot"].starts_at)
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(row)
    return {"trades": trades, "days": days, "professionals": pros}


def run_report(*, run: ScheduleRun) -> dict:
    result = run.result
    assignments = list(
        run.assignments.select_related(
            "booking__slot",
            "booking__school_class__teacher__school",
            "professional__trade",
            "professional__company",
        ).order_by("booking__slot__starts_at", "booking__school_class__name")
    )
    unassigned_ids = [row["booking"] for row in result.get("unassigned", [])]
    bookings = Booking.objects.filter(pk__in=unassigned_ids).select_related(
        "slot", "school_class__teacher__school"
    )
    by_id = {b.pk: b for b in bookings}
    unassigned = [
        (by_id[row["booking"]], REASON_LABELS[scheduler.Reason(row["reason"])])
        for row in result.get("unassigned", [])
        if row["booking"] in by_id
    ]
    unassigned.sort(key=lambda pair: pair[0].slot.starts_at)
    # Runs made before trades counted job profiles ("job"): their coverage is not shown.
    trade_ids = [row["trade"] for row in result.get("coverage", []) if "trade" in row]
    trade_names = Trade.objects.in_bulk(trade_ids)
    coverage = [
        {
            "trade": trade_names[row["trade"]],
            "asked": row["asked"],
            "served": row["served"],
            "percent": round(100 * row["served"] / row["asked"]) if row["asked"] else 0,
        }
        for row in result.get("coverage", [])
        if row.get("trade") in trade_names
    ]
    backup_ids = {pk for ids in result.get("backups", {}).values() for pk in ids}
    pros = Professional.objects.filter(pk__in=backup_ids).select_related("trade")
    pro_names = {p.pk: p for p in pros}
    slots = {s.pk: s for s in edition_slots(edition=run.edition)}
    backups = [
        (slots[int(slot)], [pro_names[pk] for pk in ids if pk in pro_names])
        for slot, ids in result.get("backups", {}).items()
        if int(slot) in slots
    ]
    backups.sort(key=lambda pair: pair[0].starts_at)
    return {
        "summary": result,
        "assignments": assignments,
        "unassigned": unassigned,
        "coverage": coverage,
        "backups": backups,
        "changed": set(result.get("changed", [])),
    }
