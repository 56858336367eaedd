"""About the fair: who publishes it (legal notice), what it keeps about whom and for how long
(privacy policy), how accessible it is (RGAA statement), and how adults reach its organizers
(the contact form)."""
