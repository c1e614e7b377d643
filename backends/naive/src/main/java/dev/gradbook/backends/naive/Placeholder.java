package dev.gradbook.backends.naive;
class Placeholder {}
