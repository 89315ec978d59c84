"""Wagtail hooks: the inquiries admin."""

from wagtail import hooks

from buyers.viewsets import InquiryViewSet


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet("inquiries")
