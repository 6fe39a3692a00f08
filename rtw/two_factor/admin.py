"""The administrator's answer to a lost phone: an action on the list of users."""

from django.contrib import admin, messages

from rtw.two_factor.actions import reset_second_factor


@admin.action(description="Reset two-factor authentication (lost phone) and sign them out")
def reset_two_factor(modeladmin, request, queryset):
    """Delete the selected people's authenticator apps and recovery codes and end their
    sessions; each sets up a new app the next time they sign in."""
    ended = 0
    people = list(queryset)
    for user in people:
        ended += reset_second_factor(user=user, by=request.user)
    modeladmin.message_user(
        request,
        f"Two-factor authentication reset for {len(people)} "
        f"{'person' if len(people) == 1 else 'people'}; {ended} "
        f"session{'' if ended == 1 else 's'} ended.",
        messages.SUCCESS,
    )
