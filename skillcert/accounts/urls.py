from django.urls import path

from . import profile, recovery, signup, totp, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", signup.signup_start, name="signup"),
    path("signup/consent/", signup.signup_consent, name="signup_consent"),
    path("signup/details/", signup.signup_details, name="signup_details"),
    path("recover/", recovery.recover, name="recover"),
    path("recover/sent/", recovery.recover_sent, name="recover_sent"),
    path("email-lookup/", recovery.email_lookup, name="email_lookup"),
    path("profile/", profile.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("account-name/", views.account_name_choose, name="account_name_choose"),
    path("password/change-required/", views.password_change_required, name="password_change_required"),
    path("staff/two-factor/", totp.totp_enrol, name="totp_enrol"),
]
