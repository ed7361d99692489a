-- One database per service: no service reads another's data.
CREATE DATABASE mutuals_applications;
CREATE DATABASE mutuals_intake;
CREATE DATABASE mutuals_awards;
CREATE DATABASE mutuals_notifications;
CREATE DATABASE mutuals_portal;
