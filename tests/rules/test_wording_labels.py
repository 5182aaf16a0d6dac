"""Labels as a Russian or Chinese reader meets them (issue 17): no colon after a full-width
question mark, a full-width colon after a Chinese label, «С»/«По» for a range of dates, and a
state's answer that says what it is."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from secretariat.meetings.forms import ConsentForm, RescheduleForm


def test_a_chinese_label_ending_in_a_question_mark_takes_no_colon() -> None:
    with translation.override("zh-hans"):
        tag = str(ConsentForm()["answer"].legend_tag())

    assert "贵国是否同意召开此次会议？<" in tag
    assert "？:" not in tag
    assert "？：" not in tag


def test_a_chinese_label_takes_a_full_width_colon() -> None:
    with translation.override("zh-hans"):
        tag = str(RescheduleForm()["start"].label_tag())

    assert "：</label>" in tag


def test_a_range_of_dates_reads_from_and_to_in_russian() -> None:
    template = Template('{% load i18n %}{% translate "From" %}…{% translate "To" %}')

    with translation.override("ru"):
        assert template.render(Context()) == "С…По"


def test_a_member_states_consent_reads_as_its_answer() -> None:
    template = Template(
        '{% load i18n %}{% translate "Consents" context "a member state\'s answer" %}'
    )

    with translation.override("ru"):
        assert template.render(Context()) == "Даёт согласие"
    with translation.override("zh-hans"):
        assert template.render(Context()) == "同意"
