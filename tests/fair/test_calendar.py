import datetime

from icalendar import Event

from usine.fair.calendar import add_reminders


def test_an_event_reminds_the_day_before_and_a_quarter_of_an_hour_before():
    event = Event()
    add_reminders(event, summary="Salon virtuel de l'industrie — classe 3e B")
    alarms = event.walk("VALARM")
    assert [alarm.decoded("TRIGGER") for alarm in alarms] == [
        -datetime.timedelta(days=1),
        -datetime.timedelta(minutes=15),
    ]
    assert {(str(a["ACTION"]), str(a["DESCRIPTION"])) for a in alarms} == {
        ("DISPLAY", "Salon virtuel de l'industrie — classe 3e B")
    }
