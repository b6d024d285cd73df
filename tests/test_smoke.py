def test_it_redirects_anonymous_users_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_it_shows_the_dashboard_to_a_logged_in_caseworker(personas, login):
    response = login(personas.los_a).get("/")
    assert response.status_code == 200
    assert "Anna" in response.content.decode()
