package dev.gradbook.autograd;
class Placeholder {}
