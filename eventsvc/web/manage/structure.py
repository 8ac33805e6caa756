"""Forums, rooms, organizations and the organizations' roles at the event or at a forum."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth import permissions as can
from ...events.models import Event, Forum, Organization, OrganizationRole, Room
from ...events.services import add_organization_role, create_forum, create_organization, create_room
from ...events.updates import (
    move_organization_role,
    remove_organization_role,
    update_forum,
    update_organization,
    update_room,
)
from ...extensions import db
from .access import child_or_404, event_or_404, require, user
from .blueprint import bp
from .editing import attempt, saved, status
from .forms import (
    ConfirmForm,
    ForumForm,
    OrganizationForm,
    OrgRoleForm,
    PositionForm,
    RoomForm,
    fill_text,
    text_map,
)


def _edit_page(form_cls, obj, texts, write, done, title, event):
    """GET: the form filled from obj (or empty); POST: validate, save, go to done()."""
    form = form_cls()
    if not form.is_submitted():
        form = form_cls(obj=obj, version=obj.version) if obj is not None else form_cls()
        for prefix in texts if obj is not None else ():
            fill_text(form, prefix, getattr(obj, prefix))
    elif form.validate() and (result := attempt(form, lambda: write(form), obj=obj)):
        saved(_("Saved."))
        return redirect(done(result))
    return render_template("manage/form.html", form=form, event=event, title=title), status(form)


# Forums --------------------------------------------------------------------------------------


def _forum_data(form: ForumForm, before: Forum | None) -> dict:
    return {
        "slug": form.slug.data,
        "name": text_map(form, "name", before.name if before else None),
        "theme": text_map(form, "theme", before.theme if before else None),
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "position": form.position.data or 0,
    }


@bp.route("/events/<slug>/forums/new", methods=["GET", "POST"])
def forum_new(slug: str):
    event = event_or_404(slug, can.can_create_forum)
    return _edit_page(
        ForumForm,
        None,
        (),
        lambda f: create_forum(event, _forum_data(f, None), actor=user()),
        lambda forum: url_for("manage.forum", slug=slug, forum_slug=forum.slug),
        _("New forum"),
        event,
    )


@bp.route("/events/<slug>/forums/<forum_slug>/edit", methods=["GET", "POST"])
def forum_edit(slug: str, forum_slug: str):
    event, forum = _forum(slug, forum_slug)
    return _edit_page(
        ForumForm,
        forum,
        ("name", "theme"),
        lambda f: update_forum(forum, _forum_data(f, forum), actor=user()),
        lambda saved_forum: url_for("manage.forum", slug=slug, forum_slug=saved_forum.slug),
        _("Edit forum"),
        event,
    )


def _forum(slug: str, forum_slug: str) -> tuple[Event, Forum]:
    """The event and forum, if the user manages that forum (its organizers or the event's)."""
    event = event_or_404(slug, can.can_read_drafts)
    forum = child_or_404(Forum, event, forum_slug)
    require(can.can_manage_forum(user(), event.id, forum.id))
    return event, forum


# Rooms ---------------------------------------------------------------------------------------


def _room_data(form: RoomForm, before: Room | None) -> dict:
    return {
        "slug": form.slug.data,
        "name": text_map(form, "name", before.name if before else None),
        "capacity": form.capacity.data,
        "position": form.position.data or 0,
    }


@bp.get("/events/<slug>/rooms/")
def rooms(slug: str):
    event = event_or_404(slug, can.can_manage_rooms)
    found = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    )
    return render_template("manage/rooms.html", event=event, rooms=found.all())


@bp.route("/events/<slug>/rooms/new", methods=["GET", "POST"])
def room_new(slug: str):
    event = event_or_404(slug, can.can_manage_rooms)
    return _edit_page(
        RoomForm,
        None,
        (),
        lambda f: create_room(event, _room_data(f, None), actor=user()),
        lambda _room: url_for("manage.rooms", slug=slug),
        _("New room"),
        event,
    )


@bp.route("/events/<slug>/rooms/<room_slug>/edit", methods=["GET", "POST"])
def room_edit(slug: str, room_slug: str):
    event = event_or_404(slug, can.can_manage_rooms)
    room = child_or_404(Room, event, room_slug)
    return _edit_page(
        RoomForm,
        room,
        ("name",),
        lambda f: update_room(room, _room_data(f, room), actor=user()),
        lambda _room: url_for("manage.rooms", slug=slug),
        _("Edit room"),
        event,
    )


# Organizations and their roles ---------------------------------------------------------------


def _org_data(form: OrganizationForm, before: Organization | None) -> dict:
    return {
        "slug": form.slug.data,
        "name": text_map(form, "name", before.name if before else None),
        "short_name": text_map(form, "short_name", before.short_name if before else None),
        "country": form.country.data or None,
        "website": form.website.data or None,
    }


@bp.get("/events/<slug>/organizations/")
def organizations(slug: str):
    event = event_or_404(slug, can.can_read_drafts)
    orgs = db.session.scalars(
        select(Organization).where(Organization.event_id == event.id).order_by(Organization.slug)
    ).all()
    forums = db.session.scalars(
        select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
    ).all()
    links = db.session.scalars(
        select(OrganizationRole)
        .where(OrganizationRole.event_id == event.id)
        .order_by(
            OrganizationRole.forum_id.is_not(None),
            OrganizationRole.forum_id,
            OrganizationRole.position,
            OrganizationRole.id,
        )
    ).all()
    form = _role_form(event, orgs, forums)
    actor = user()
    editable = {link.id for link in links if _may_edit_roles_at(actor, event, link.forum_id)}
    return render_template(
        "manage/organizations.html",
        event=event,
        orgs=orgs,
        links=links,
        forums={f.id: f for f in forums},
        orgs_by_id={o.id: o for o in orgs},
        form=form,
        editable=editable,
        confirm=ConfirmForm(),
        move=PositionForm(),
        may_edit_orgs=can.can_manage_organizations(actor, event.id),
    )


def _role_form(event: Event, orgs, forums) -> OrgRoleForm:
    form = OrgRoleForm()
    form.organization.choices = [(o.slug, o.slug) for o in orgs]
    places = [("", _("the whole event"))] if can.organizes_event(user(), event.id) else []
    form.forum.choices = places + [
        (f.slug, f.slug) for f in forums if can.can_manage_forum(user(), event.id, f.id)
    ]
    return form


def _may_edit_roles_at(actor, event: Event, forum_id: int | None) -> bool:
    if forum_id is None:
        return can.organizes_event(actor, event.id)
    return can.can_manage_forum(actor, event.id, forum_id)


@bp.route("/events/<slug>/organizations/new", methods=["GET", "POST"])
def organization_new(slug: str):
    event = event_or_404(slug, can.can_manage_organizations)
    return _edit_page(
        OrganizationForm,
        None,
        (),
        lambda f: create_organization(event, _org_data(f, None), actor=user()),
        lambda _org: url_for("manage.organizations", slug=slug),
        _("New organization"),
        event,
    )


@bp.route("/events/<slug>/organizations/<org_slug>/edit", methods=["GET", "POST"])
def organization_edit(slug: str, org_slug: str):
    event = event_or_404(slug, can.can_manage_organizations)
    org = child_or_404(Organization, event, org_slug)
    return _edit_page(
        OrganizationForm,
        org,
        ("name", "short_name"),
        lambda f: update_organization(org, event, _org_data(f, org), actor=user()),
        lambda _org: url_for("manage.organizations", slug=slug),
        _("Edit organization"),
        event,
    )


@bp.post("/events/<slug>/organization-roles")
def organization_role_add(slug: str):
    event = event_or_404(slug, can.can_read_drafts)
    forum_slug = request.form.get("forum", "")
    forum = child_or_404(Forum, event, forum_slug) if forum_slug else None
    require(_may_edit_roles_at(user(), event, forum.id if forum else None))
    orgs = db.session.scalars(select(Organization).where(Organization.event_id == event.id)).all()
    form = _role_form(event, orgs, [forum] if forum else [])
    if form.validate_on_submit():
        org = child_or_404(Organization, event, form.organization.data)
        if attempt(
            form,
            lambda: add_organization_role(
                org, form.role.data, forum, form.position.data, actor=user()
            ),
        ):
            saved(_("Role added."))
            return redirect(url_for("manage.organizations", slug=slug))
    return render_template(
        "manage/form.html", form=form, event=event, title=_("Add a role")
    ), status(form)


def _link(event: Event, link_id: int) -> OrganizationRole:
    link = db.session.get(OrganizationRole, link_id)
    if link is None or link.event_id != event.id:
        abort(404)
    require(_may_edit_roles_at(user(), event, link.forum_id))
    return link


@bp.post("/events/<slug>/organization-roles/<int:link_id>")
def organization_role_move(slug: str, link_id: int):
    event = event_or_404(slug, can.can_read_drafts)
    link = _link(event, link_id)
    form = PositionForm()
    if not (
        form.validate_on_submit()
        and attempt(form, lambda: move_organization_role(link, form.position.data, actor=user()))
    ):
        abort(422, description=_("Give a position, 0 or more."))
    saved(_("Order saved."))
    return redirect(url_for("manage.organizations", slug=slug))


@bp.post("/events/<slug>/organization-roles/<int:link_id>/remove")
def organization_role_remove(slug: str, link_id: int):
    event = event_or_404(slug, can.can_read_drafts)
    link = _link(event, link_id)
    attempt(ConfirmForm(), lambda: remove_organization_role(link, actor=user()))
    saved(_("Role removed."))
    return redirect(url_for("manage.organizations", slug=slug))
