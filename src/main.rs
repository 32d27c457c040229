fn main() {
    partner_center::start();
}
